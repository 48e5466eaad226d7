"""ClinicFlow's pure model: what a clinic, a patient and a booking are. Standard library only."""
