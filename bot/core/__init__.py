"""The pure domain core: no discord import, no I/O, no clock. Time is always passed in."""
