#pragma once
// How long the certificate a TLS peer showed is valid: the figure behind lecter_tls_cert_expiry_days
// and min_days_valid, for the tls kind (its own handshake) and https (libcurl's). Private to the probe
// module.

#include <optional>
#include <string>

using SSL = struct ssl_st;

namespace lecter {

/// Days from now until the peer certificate of `ssl` expires (negative once it has); nullopt when
/// the peer showed none.
std::optional<double> daysUntilPeerCertificateExpires(const SSL* ssl);

/// The Unhealthy error when `days_left` falls short of `min_days_valid` (0: no minimum); empty when
/// it does not.
std::string tooSoonToExpire(double days_left, int min_days_valid);

}  // namespace lecter
