"""The input data contract (填报模板): sources, columns, reason codes and reference lists.

Each fact of ../shared/contract.md lives in exactly one module here and is imported
everywhere else: `sources` (file-name keywords), `columns` (headers, aliases, required
flags), `reasons` (reject/warn codes and their precedence), `provinces` (the 32 units).
"""
