"""shulorch: a release-pipeline orchestrator; pipeline.yaml phases executed incrementally by doit."""

__version__ = "0.1.0"
