#pragma once
/// Authentication by client certificate, as the ApiServer's x509 authenticator does it: a certificate
/// that the TLS handshake verified against the client CA names the user in its subject's CN.

#include <optional>
#include <string>

struct ssl_st;  // OpenSSL's SSL

namespace lecter::testing {

/// The CN of the client certificate presented on `ssl`, when there is one and it was verified; else
/// nullopt (no certificate, or no TLS at all when `ssl` is null).
std::optional<std::string> verifiedClientCommonName(const ssl_st* ssl);

}  // namespace lecter::testing
