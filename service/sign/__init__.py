"""Digital signatures on electronic documents (ND30 Art. 5, App. I Part II; nd30-layout.md §10), with pyHanko.

    locate.find_block(pdf, position=, name=) -> SignatureBlock      where ô 7 is in the PDF (text layer)
    roles.sign_signer / sign_agency / sign_text(pdf, signer, …) -> Signed   the three signatures of the decree
    keys.KeySpec, keys.open_signer(spec)                            PKCS#12 file or PKCS#11 token
    keystore.set_key / get_key / list_keys / owners_for_document     keys per signer id and agency code (DB)
    electronic.issue_signed(engine, store, doc, …)                  Ký số và ban hành through the register
    verify.verify(pdf, trust_roots) -> Report                       every signature, in Vietnamese and English
    settings.options_from_env()                                     VANBAN_TSA_URL, VANBAN_TRUST_DIR, …
No Flask here: the HTTP shell is service/web/signing.py; the CLI is service/cli/sign.py."""
