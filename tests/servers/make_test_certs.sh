#!/usr/bin/env bash
# Makes a throw-away PKI for the TLS tests in DIR (made fresh on every test run, never checked in):
#   ca.pem                 the test CA: trusted only by handing it to the client as SSL_CERT_FILE
#   server.pem/.key/.pfx   for 127.0.0.1, ::1 and localhost, signed by the test CA
#   wronghost.pem/.key     signed by the test CA, but for another name (mail.example.invalid)
#   expired.pem/.key       for 127.0.0.1/localhost, signed by the test CA, expired in 2020
#   notyetvalid.pem/.key   for 127.0.0.1/localhost, signed by the test CA, valid from 2099 on
#   unknown.pem/.key       for 127.0.0.1/localhost, signed by a CA nobody trusts
#   client.pem/.key/.pfx   a client certificate (PFX password "clientpass")
# Usage: make_test_certs.sh DIR
set -euo pipefail
DIR=${1:?usage: make_test_certs.sh DIR}
mkdir -p "$DIR"
cd "$DIR"
SAN_LOCAL="subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost"

ca() {  # name subject
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 2 -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
leaf() {  # name subject san ca [extra x509 args]
  local name=$1 subj=$2 san=$3 signer=$4; shift 4
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subj" 2>/dev/null
  printf '%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA "$signer.pem" -CAkey "$signer.key" -CAcreateserial -out "$name.pem" \
    -extfile "$name.ext" "$@" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

ca ca "/CN=SmtpNative Test CA"
ca rogue "/CN=SmtpNative Untrusted CA"
leaf server "/CN=localhost" "$SAN_LOCAL" ca -days 2
leaf wronghost "/CN=mail.example.invalid" "subjectAltName=DNS:mail.example.invalid" ca -days 2
leaf unknown "/CN=localhost" "$SAN_LOCAL" rogue -days 2
leaf client "/CN=smtpnative-test-client" "subjectAltName=DNS:client.test" ca -days 2

# An expired and a not-yet-valid certificate need explicit dates: "openssl ca" is the tool that takes them.
mkdir -p ca-db && : > ca-db/index.txt && echo 1000 > ca-db/serial
cat > ca-db/ca.cnf <<CNF
[ca]
default_ca = test
[test]
dir = $DIR/ca-db
database = \$dir/index.txt
unique_subject = no
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf
[any]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,IP:::1,DNS:localhost
CNF
openssl req -newkey rsa:2048 -nodes -keyout expired.key -out expired.csr -subj "/CN=localhost" 2>/dev/null
openssl ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20200102000000Z -notext 2>/dev/null
rm -f expired.csr
openssl req -newkey rsa:2048 -nodes -keyout notyetvalid.key -out notyetvalid.csr -subj "/CN=localhost" 2>/dev/null
openssl ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca.key -in notyetvalid.csr -out notyetvalid.pem \
  -startdate 20990101000000Z -enddate 20990102000000Z -notext 2>/dev/null
rm -f notyetvalid.csr

openssl pkcs12 -export -in server.pem -inkey server.key -out server.pfx -passout pass: 2>/dev/null
openssl pkcs12 -export -in client.pem -inkey client.key -out client.pfx -passout pass:clientpass 2>/dev/null
openssl verify -CAfile ca.pem server.pem >/dev/null
echo "$DIR"
