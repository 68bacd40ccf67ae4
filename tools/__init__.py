"""Commands that build and measure presswash's trained parts from ../shared data."""
