#pragma once
/// Out of cluster, lecter finds the ApiServer the way kubectl does: in a kubeconfig file. Only the
/// `current-context` counts; of its cluster and user lecter takes the server, how to trust it
/// (`certificate-authority[-data]`, `insecure-skip-tls-verify`) and how to authenticate (`token`,
/// `tokenFile`, `client-certificate[-data]` with `client-key[-data]`). Relative paths are resolved
/// against the kubeconfig's folder, as kubectl does. Exec plugins and auth providers are not supported.
///
/// Thread-safety: free functions without shared state.

#include <stdexcept>
#include <string>
#include <vector>

#include "lecter/kube/http_client.h"

namespace lecter {

/// What the current context of a kubeconfig says about reaching the ApiServer.
struct Kubeconfig {
  std::string path;     // the file it was read from
  std::string context;  // current-context
  std::string cluster;  // the context's cluster
  std::string user;     // the context's user
  std::string server;   // e.g. https://198.18.0.10:6443, without a trailing '/'
  /// CA and client certificate/key as resolved paths or as PEM in memory (the *-data fields, decoded);
  /// `insecure_skip_verify` from the cluster. client_key_pem is a secret: never logged.
  TlsOptions tls;
  std::string token;       // the user's `token` (a secret: never logged); empty when none
  std::string token_file;  // the user's `tokenFile`, resolved; empty when none
  /// Things lecter reads past (a *-data field beside its file, fields it does not honour).
  std::vector<std::string> warnings;

  /// "kubeconfig PATH (context C, cluster K, user U)", for logs: no secret in it.
  [[nodiscard]] std::string describe() const;
};

/// The kubeconfig cannot be used. The message starts with "kubeconfig PATH" (and :line:column when the
/// place is known), says what is wrong, and never holds a secret.
class KubeconfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads and checks the kubeconfig at `path`, including that the files it names exist.
/// Throws KubeconfigError.
Kubeconfig readKubeconfig(const std::string& path);

/// As readKubeconfig, from `text` that came from `path` (relative paths resolve against its folder).
Kubeconfig parseKubeconfig(const std::string& text, const std::string& path);

/// Which kubeconfig to use: `configured` when not empty; else, when `kubeconfig_env` ($KUBECONFIG, a
/// colon-separated list) is not empty, its first existing file; else `home`/.kube/config when it
/// exists. Empty when there is none; then `tried` (when not null) says what was looked for.
std::string findKubeconfig(const std::string& configured, const std::string& kubeconfig_env,
                           const std::string& home, std::string* tried);

}  // namespace lecter
