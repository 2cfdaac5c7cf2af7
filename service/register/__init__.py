"""The register of issued documents (sổ đăng ký văn bản đi, ND30 Art. 15 and App. IV): yearly numbering
per register that never duplicates, content-addressed storage of the exact bytes issued, voiding,
search, export, roles and audit.

Entry points: issue.issue (number + stamp + render + store + row), entries.search/get_entry/void,
export.export_year, auth (tokens, users), api.register_api (Flask blueprint), cli.register_commands."""
