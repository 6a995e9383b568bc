#pragma once
// Reads lecter's listener as Prometheus and the kubelet do: GET a path, find a sample in /metrics.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lecter::testing {

struct HttpGot {
  int status = 0;  // 0: no answer
  std::string body;
};

/// GET http://127.0.0.1:PORT/PATH.
HttpGot httpGet(std::uint16_t port, const std::string& path);

/// The value of the sample `name` whose labels include every one of `labels`, in a text exposition;
/// none when there is no such sample.
std::optional<double> sampleValue(const std::string& exposition, const std::string& name,
                                  const std::map<std::string, std::string>& labels);

}  // namespace lecter::testing
