#include "certificate_expiry.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>

namespace lecter {

std::optional<double> daysUntilPeerCertificateExpires(const SSL* ssl) {
  X509* certificate = SSL_get1_peer_certificate(ssl);
  if (certificate == nullptr) return std::nullopt;
  int days = 0;
  int seconds = 0;
  // From now (nullptr) to notAfter; negative when notAfter has passed.
  const bool known = ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(certificate)) == 1;
  X509_free(certificate);
  if (!known) return std::nullopt;
  return days + seconds / 86400.0;
}

std::string tooSoonToExpire(double days_left, int min_days_valid) {
  if (min_days_valid <= 0 || days_left >= min_days_valid) return {};
  char text[128];
  if (days_left < 0) {
    std::snprintf(text, sizeof text, "certificate expired %.1f days ago", -days_left);
  } else {
    std::snprintf(text, sizeof text, "certificate expires in %.1f days (min_days_valid %d)", days_left,
                  min_days_valid);
  }
  return text;
}

}  // namespace lecter
