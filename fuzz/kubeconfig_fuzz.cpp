// Kubeconfig text → parseKubeconfig. Either a one-line KubeconfigError that starts with
// "kubeconfig PATH", or a Kubeconfig with a server, a context, a cluster, a user and credentials.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "lecter/kube/kubeconfig.h"

namespace {

using lecter::fuzz::check;

// Relative paths in the text resolve against this folder, which does not exist.
constexpr const char* kPath = "/nonexistent-fuzz/kubeconfig";

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

void checkInvariants(const lecter::Kubeconfig& config) {
  check(config.path == kPath, "path is the one given");
  check(!config.context.empty() && !config.cluster.empty() && !config.user.empty(),
        "context, cluster and user are named");
  const bool https = startsWith(config.server, "https://");
  check(https || startsWith(config.server, "http://"), "server is http(s)://");
  check(config.server.size() > (https ? 8U : 7U), "server has a host");
  check(config.server.back() != '/', "server has no trailing '/'");
  const lecter::TlsOptions& tls = config.tls;
  check(tls.ca_pem.empty() || tls.ca_file.empty(), "one CA source");
  check(!tls.insecure_skip_verify || (tls.ca_pem.empty() && tls.ca_file.empty()),
        "no CA when verification is skipped");
  for (const std::string* pem : {&tls.ca_pem, &tls.client_cert_pem, &tls.client_key_pem}) {
    check(pem->empty() || pem->find("-----BEGIN ") != std::string::npos, "*-data fields hold PEM");
  }
  const bool has_cert = !tls.client_cert_pem.empty() || !tls.client_cert_file.empty();
  const bool has_key = !tls.client_key_pem.empty() || !tls.client_key_file.empty();
  check(has_cert == has_key, "a client certificate comes with its key");
  check(has_cert || !config.token.empty() || !config.token_file.empty(), "some credentials");
  check(config.token.empty() || config.token_file.empty(), "tokenFile wins over token");
  check(config.token.empty() || (config.token.front() != ' ' && config.token.back() != '\n'),
        "token trimmed");
  (void)config.describe();
  for (const std::string& warning : config.warnings)
    check(lecter::fuzz::isOneLine(warning), "warning is one line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    checkInvariants(lecter::parseKubeconfig(lecter::fuzz::inputText(data, size), kPath));
  } catch (const lecter::KubeconfigError& error) {
    const std::string message = error.what();
    check(startsWith(message, std::string("kubeconfig ") + kPath), "a KubeconfigError names the file");
    check(lecter::fuzz::isOneLine(message), "a KubeconfigError is one line: " + message);
  }
  return 0;
}
