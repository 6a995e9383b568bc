#include "support/apiserver/client_certificate.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace lecter::testing {

std::optional<std::string> verifiedClientCommonName(const ssl_st* ssl) {
  if (ssl == nullptr) return std::nullopt;
  const std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), &X509_free);
  if (cert == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return std::nullopt;
  char common_name[256] = {};
  const int length = X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, common_name,
                                               sizeof common_name);
  if (length <= 0) return std::nullopt;
  return std::string(common_name, static_cast<std::size_t>(length));
}

}  // namespace lecter::testing
