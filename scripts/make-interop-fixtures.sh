#!/usr/bin/env bash
# Regenerates tests/files/interop/: demo 6.23 requests signed by xmlsec1 (another XML-DSig
# implementation), so the wasm tests, which cannot run xmlsec1, verify them too.
# The keys are the deterministic test keys of src/testkit (public; test only).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/files/interop
tmp=$(mktemp -d)
cargo run -q --example dump_fixture -- "$tmp"
mkdir -p "$out"
serial=$(openssl x509 -in "$tmp/signer.pem" -noout -serial | cut -d= -f2)
serial_dec=$(python3 -c "print(int('$serial', 16))")
python3 - "$tmp" "$serial_dec" <<'PY'
import sys
d, serial = sys.argv[1], sys.argv[2]
u = open(f"{d}/unsigned.xml").read()
t = ('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
     '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
     '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>'
     '<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>'
     '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo>'
     '<ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>CN=Z1,OU=07</ds:X509IssuerName>'
     f'<ds:X509SerialNumber>{serial}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo></ds:Signature>')
i = u.rfind("</sr:Request>")
open(f"{d}/tmpl.xml", "w").write(u[:i] + t + u[i:])
PY
xmlsec1 --sign --privkey-pem "$tmp/signer.key,$tmp/signer.pem" --output "$out/xmlsec1-signed-623.xml" "$tmp/tmpl.xml"
xmlsec1 --verify --pubkey-cert-pem "$tmp/signer.pem" "$out/xmlsec1-signed-623.xml"
sed 's/1312345678333/1312345678334/' "$out/xmlsec1-signed-623.xml" > "$out/xmlsec1-signed-623-tampered.xml"
echo "wrote $out"
