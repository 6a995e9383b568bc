#include "support/apiserver/test_ca.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <memory>
#include <stdexcept>

namespace lecter::testing {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

void check(bool ok, const std::string& step) {
  if (ok) return;
  char reason[256] = {};
  ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
  throw std::runtime_error("test certificates: " + step + " failed: " + reason);
}

KeyPtr newKey() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  check(key != nullptr, "EC P-256 key generation");
  return key;
}

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx{};
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(extension != nullptr, std::string("extension ") + value);
  check(X509_add_ext(cert, extension, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(extension);
}

/// What a certificate signed by a CA is for.
enum class Usage { Server, Client };

constexpr const char* kLoopbackNames = "IP:127.0.0.1,DNS:localhost";

/// A v3 certificate for `key`, valid from an hour ago for `valid_seconds` (a day); self-signed (a CA)
/// when issuer is null. A server certificate names `alt_names` (subjectAltName syntax).
CertPtr newCertificate(const std::string& common_name, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                       long serial, Usage usage = Usage::Server,
                       const std::string& alt_names = kLoopbackNames, long valid_seconds = 24 * 3600) {
  CertPtr cert(X509_new(), &X509_free);
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "serial number");
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), valid_seconds) != nullptr, "notAfter");
  check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(common_name.c_str());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) == 1, "subject name");
  X509* signer = issuer != nullptr ? issuer : cert.get();
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1, "issuer name");
  addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
  addExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
  if (issuer == nullptr) {
    addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else if (usage == Usage::Client) {
    addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    addExtension(cert.get(), signer, NID_ext_key_usage, "clientAuth");
  } else {
    addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    addExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    addExtension(cert.get(), signer, NID_subject_alt_name, alt_names.c_str());
  }
  check(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

BioPtr openForWriting(const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "w"), &BIO_free);
  check(bio != nullptr, "opening " + path);
  return bio;
}

void writeCertificate(const std::string& path, X509* cert) {
  check(PEM_write_bio_X509(openForWriting(path).get(), cert) == 1, "writing " + path);
}

void writeKey(const std::string& path, EVP_PKEY* key) {
  BioPtr bio = openForWriting(path);
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "writing " + path);
}

BioPtr openForReading(const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"), &BIO_free);
  check(bio != nullptr, "opening " + path);
  return bio;
}

CertPtr readCertificate(const std::string& path) {
  CertPtr cert(PEM_read_bio_X509(openForReading(path).get(), nullptr, nullptr, nullptr), &X509_free);
  check(cert != nullptr, "reading " + path);
  return cert;
}

KeyPtr readKey(const std::string& path) {
  KeyPtr key(PEM_read_bio_PrivateKey(openForReading(path).get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  check(key != nullptr, "reading " + path);
  return key;
}

}  // namespace

TestCertificates makeTestCertificates(const std::string& dir) {
  KeyPtr ca_key = newKey();
  CertPtr ca = newCertificate("lecter test CA", ca_key.get(), nullptr, nullptr, 1);
  KeyPtr server_key = newKey();
  CertPtr server = newCertificate("127.0.0.1", server_key.get(), ca.get(), ca_key.get(), 2);
  KeyPtr other_key = newKey();
  CertPtr other = newCertificate("lecter unrelated CA", other_key.get(), nullptr, nullptr, 3);

  TestCertificates files{dir + "/ca.crt", dir + "/server.crt", dir + "/server.key", dir + "/other-ca.crt"};
  writeCertificate(files.ca_file, ca.get());
  writeCertificate(files.server_cert_file, server.get());
  writeKey(files.server_key_file, server_key.get());
  writeCertificate(files.other_ca_file, other.get());
  return files;
}

CertificateFiles makeCa(const std::string& common_name, const std::string& dir, const std::string& stem) {
  KeyPtr key = newKey();
  CertPtr ca = newCertificate(common_name, key.get(), nullptr, nullptr, 1);
  CertificateFiles files{dir + "/" + stem + ".crt", dir + "/" + stem + ".key"};
  writeCertificate(files.cert_file, ca.get());
  writeKey(files.key_file, key.get());
  return files;
}

CertificateFiles makeServerCertificate(const CertificateFiles& ca, const std::string& alt_names,
                                       std::chrono::seconds valid_for, const std::string& dir,
                                       const std::string& stem) {
  static std::atomic<long> next_serial{1000};
  const CertPtr ca_cert = readCertificate(ca.cert_file);
  const KeyPtr ca_key = readKey(ca.key_file);
  KeyPtr key = newKey();
  CertPtr cert = newCertificate("lecter test server", key.get(), ca_cert.get(), ca_key.get(), next_serial++,
                                Usage::Server, alt_names, static_cast<long>(valid_for.count()));
  CertificateFiles files{dir + "/" + stem + ".crt", dir + "/" + stem + ".key"};
  writeCertificate(files.cert_file, cert.get());
  writeKey(files.key_file, key.get());
  return files;
}

CertificateFiles makeClientCertificate(const CertificateFiles& ca, const std::string& common_name,
                                       const std::string& dir, const std::string& stem) {
  // Distinct serial numbers per certificate of one CA, as a real CA keeps them.
  static std::atomic<long> next_serial{100};
  const CertPtr ca_cert = readCertificate(ca.cert_file);
  const KeyPtr ca_key = readKey(ca.key_file);
  KeyPtr key = newKey();
  CertPtr cert =
      newCertificate(common_name, key.get(), ca_cert.get(), ca_key.get(), next_serial++, Usage::Client);
  CertificateFiles files{dir + "/" + stem + ".crt", dir + "/" + stem + ".key"};
  writeCertificate(files.cert_file, cert.get());
  writeKey(files.key_file, key.get());
  return files;
}

}  // namespace lecter::testing
