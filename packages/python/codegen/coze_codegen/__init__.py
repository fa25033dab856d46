"""The generator of the Python SDK's bindings: a bundled OpenAPI document in, ``coze/_gen`` out (jinja2)."""
