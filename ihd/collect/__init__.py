"""`ihd-collect`: a deploying organisation's reference receiver. It subscribes at the centre's MQTT
broker, where each home's broker bridges what its household agreed to share, and writes the
records into PostgreSQL (docs/for-organisations.md). Qt-free, and not needed by the display."""
