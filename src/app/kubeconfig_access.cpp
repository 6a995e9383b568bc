#include "kubeconfig_access.h"

#include <utility>

#include "lecter/base/file_reading.h"
#include "lecter/kube/kubeconfig.h"

namespace lecter {

ApiServerAccess accessFromKubeconfig(const KubernetesConfig& config, const std::string& kubeconfig_env,
                                     const std::string& home) {
  ApiServerAccess access;
  std::string tried;
  const std::string path = findKubeconfig(config.kubeconfig, kubeconfig_env, home, &tried);
  if (path.empty()) {
    access.problems.push_back(
        "kubernetes_conf.url is empty, this is not a pod (KUBERNETES_SERVICE_HOST/PORT are unset) and no "
        "kubeconfig was found (tried " +
        tried + "): set kubernetes_conf.url or kubernetes_conf.kubeconfig");
    return access;
  }
  Kubeconfig kubeconfig;
  try {
    kubeconfig = readKubeconfig(path);
  } catch (const KubeconfigError& e) {
    access.problems.push_back(e.what());
    return access;
  }
  access.url = kubeconfig.server;
  access.tls = kubeconfig.tls;
  access.source = kubeconfig.describe();
  access.token = kubeconfig.token;
  if (!kubeconfig.token_file.empty()) access.token_paths = {kubeconfig.token_file};
  access.warnings = kubeconfig.warnings;
  // libcurl opens these itself, on the cycle's thread: a FIFO there would hold every request.
  for (const auto& [key, file] : {std::pair{"certificate-authority", kubeconfig.tls.ca_file},
                                  std::pair{"client-certificate", kubeconfig.tls.client_cert_file},
                                  std::pair{"client-key", kubeconfig.tls.client_key_file}}) {
    if (file.empty()) continue;
    if (const auto problem = regularFileProblem(file))
      access.problems.push_back(access.source + ": " + key + " " + file + " " + *problem);
  }

  if (!config.ca_file.empty()) {
    access.tls.ca_pem.clear();
    access.tls.ca_file = config.ca_file;
    access.tls.insecure_skip_verify = false;
    if (const auto problem = regularFileProblem(config.ca_file))
      access.problems.push_back("kubernetes_conf.ca_file: " + config.ca_file + " " + *problem);
  }
  if (config.insecure_skip_tls_verify) {
    access.tls.insecure_skip_verify = true;
    access.warnings.push_back(
        "kubernetes_conf.insecure_skip_tls_verify is true: the ApiServer's certificate is NOT verified");
  } else if (access.tls.insecure_skip_verify) {
    access.warnings.push_back(
        access.source + ": insecure-skip-tls-verify is true: the ApiServer's certificate is NOT verified");
  }
  return access;
}

}  // namespace lecter
