#pragma once
/// Certificates made at test time, so the ApiServer fixture serves real, verifiable HTTPS the way a
/// cluster does (its serving certificate signed by the cluster CA that pods find in `ca.crt`).

#include <chrono>
#include <string>

namespace lecter::testing {

/// PEM files written by makeTestCertificates().
struct TestCertificates {
  std::string ca_file;           // the CA that signed the server certificate
  std::string server_cert_file;  // for IP:127.0.0.1 and DNS:localhost
  std::string server_key_file;
  std::string other_ca_file;  // an unrelated CA, for "wrong CA" tests
};

/// Makes two CAs (EC P-256) and a server certificate signed by the first; writes the PEM files into
/// `dir`. Throws std::runtime_error naming the OpenSSL step that failed.
TestCertificates makeTestCertificates(const std::string& dir);

/// A certificate and its private key, as PEM files.
struct CertificateFiles {
  std::string cert_file;
  std::string key_file;
};

/// A self-signed CA (EC P-256) named `common_name`, written to `dir`/`stem`.crt and .key: the kind of CA
/// an ApiServer trusts for client certificates (--client-ca-file).
CertificateFiles makeCa(const std::string& common_name, const std::string& dir, const std::string& stem);

/// A server certificate (extendedKeyUsage serverAuth) for `alt_names` (subjectAltName syntax:
/// "IP:198.18.0.10,DNS:db.test"), valid from an hour ago for `valid_for`, signed by `ca`, written to
/// `dir`/`stem`.crt and .key.
CertificateFiles makeServerCertificate(const CertificateFiles& ca, const std::string& alt_names,
                                       std::chrono::seconds valid_for, const std::string& dir,
                                       const std::string& stem);

/// A client certificate (extendedKeyUsage clientAuth) for `common_name`, signed by `ca`, written to
/// `dir`/`stem`.crt and .key. The ApiServer's x509 authenticator takes the CN as the user name.
CertificateFiles makeClientCertificate(const CertificateFiles& ca, const std::string& common_name,
                                       const std::string& dir, const std::string& stem);

}  // namespace lecter::testing
