"""The native contract's name and version, named in every payload the display and its companions
publish (docs/contract.md)."""

CONTRACT = "ihd/v1"
