#pragma once
// How the status views write a latency and an age, so the page and the table agree.

#include <optional>
#include <string>

namespace lecter::status_text {

/// "850 µs", "12.4 ms", "1.20 s"; "" for no measure (0).
std::string latency(long long latency_us);
/// "45s", "12m 5s", "3h 2m", "4d 1h": how long ago `since_ms` was at `now_ms`; "" when unknown (0).
std::string age(long long since_ms, long long now_ms);
/// The probe's kind, with the days left on the certificate for TLS kinds: "http", "tls, cert 29.5 d".
std::string probe(const std::string& kind, const std::optional<double>& cert_days_left);

}  // namespace lecter::status_text
