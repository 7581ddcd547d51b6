"""The launch-services layer (extra ``baiterek[service]``): the provider's book, the job queue,
the REST service and its pages. It imports only ``baiterek.api`` and ``baiterek.errors`` from
the rest of baiterek."""
