"""Print the validation table (maximum payload against published figures) as Markdown.

The README section "Performance: validation against published figures" is this script's output.
Run: .venv/bin/python scripts/validation_table.py
"""

from baiterek.performance.validation import run_validation, to_markdown


def main():
    print(to_markdown(run_validation()), end="")


if __name__ == "__main__":
    main()
