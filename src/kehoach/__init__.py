"""kehoach: a government implementation plan kept as versioned data, and the answers it gives."""

__version__ = "0.1.0"
