"""adapters/clinic_config."""
