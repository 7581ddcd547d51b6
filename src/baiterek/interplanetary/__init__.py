"""Interplanetary and lunar analysis: DE421 ephemerides, Lambert arcs, porkchops, lunar windows.

Public entry points: :func:`baiterek.interplanetary.porkchop.porkchop`,
:func:`baiterek.interplanetary.mars.mars`, :func:`baiterek.interplanetary.moon.moon`.
"""
