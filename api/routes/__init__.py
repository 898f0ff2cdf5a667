"""The JSON API: one module per resource, each an APIRouter."""
