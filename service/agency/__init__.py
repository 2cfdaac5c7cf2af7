"""Agency profiles: the letterhead, place, footer, units, recipient groups and signers of an issuing agency, kept
once (store), validated (profile) and expanded into documents that name them (expand)."""
