"""What operators see: Prometheus metrics, metered decorators of the ports, structured logs."""
