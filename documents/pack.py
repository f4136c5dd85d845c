"""The pack of local acts every organisation keeps; the list lives with the local-acts
registry in monitoring.effectiveness."""

from monitoring.effectiveness.pack import ORGANISATION_PACK

__all__ = ["ORGANISATION_PACK"]
