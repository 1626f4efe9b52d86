"""The HAN bridge side: MQTT transport, bridge dialects and the simulated home. No Qt here."""
