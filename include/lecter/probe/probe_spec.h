#pragma once
/// How a target is probed: a TCP connect (the original's probe and the default) or, once connected, a
/// protocol's own check. Plain data, validated by the config module; the probe module owns the
/// vocabulary.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lecter {

enum class ProbeKind {
  Tcp,    // the handshake completes
  Http,   // an HTTP/1.1 request answered with an expected status (and body)
  Https,  // the same over TLS
  Tls,    // the TLS handshake completes (and the certificate is valid long enough)
  Grpc,   // grpc.health.v1.Health/Check answers SERVING
  Udp,    // a datagram sent is answered before the deadline
};

inline constexpr std::size_t kProbeKindCount = static_cast<std::size_t>(ProbeKind::Udp) + 1;

std::string_view toString(ProbeKind kind);
/// Inverse of toString; nullopt for a name it never gives.
std::optional<ProbeKind> probeKindFromString(std::string_view text);

/// An inclusive range of HTTP status codes.
struct StatusRange {
  int low = 200;
  int high = 399;
  bool operator==(const StatusRange&) const = default;
};

/// How the TLS peer is checked (https, tls, grpc with tls).
struct TlsCheck {
  std::string ca_file;                // PEM bundle to verify against; empty: the system store
  bool insecure_skip_verify = false;  // handshake only: any certificate passes (warned at load)
  std::string server_name;            // SNI and the name verified; empty: the host header, else none
  /// A certificate that expires in fewer days counts as down; 0: off.
  int min_days_valid = 0;
  bool operator==(const TlsCheck&) const = default;
};

struct HttpCheck {
  std::string method = "GET";
  std::string path = "/";
  std::string host;  // Host header; empty: the target's address
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<StatusRange> expect_status{StatusRange{}};  // as the kubelet: 200–399
  std::string body_contains;                              // empty: any body
  std::string body_matches;                // POSIX extended regular expression; empty: any body
  std::size_t max_body_bytes = 64 * 1024;  // read at most this much; body checks see only that
  bool operator==(const HttpCheck&) const = default;
};

struct GrpcCheck {
  std::string service;    // HealthCheckRequest.service; empty: the server as a whole
  std::string authority;  // :authority; empty: the target's address
  bool operator==(const GrpcCheck&) const = default;
};

struct UdpCheck {
  std::string payload;          // sent as is
  std::string expect_contains;  // empty: any reply is up
  bool operator==(const UdpCheck&) const = default;
};

struct ProbeSpec {
  ProbeKind kind = ProbeKind::Tcp;
  HttpCheck http;  // http, https
  TlsCheck tls;    // https, tls
  GrpcCheck grpc;  // grpc
  UdpCheck udp;    // udp
  bool operator==(const ProbeSpec&) const = default;
};

/// True when the kind speaks TLS.
inline bool usesTls(ProbeKind kind) { return kind == ProbeKind::Https || kind == ProbeKind::Tls; }

}  // namespace lecter
