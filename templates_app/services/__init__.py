"""Writes and business rules for templates, one module per concern:

- `content`: cleaning meta and content input; `schema`: the variable schema and input checks;
- `rendering`: the sandboxed Jinja2 environment; `preview`: rendering with token and cost estimates;
- `versions`: create, edit (new versions), restore, archive; `diff`: comparing versions;
- `formats` and `importing`: reading and writing template files, the bulk upsert.
"""
