#pragma once
/// ApiServer access out of cluster, from a kubeconfig. Internal to the app module.

#include <string>

#include "lecter/app/runtime.h"
#include "lecter/config/config.h"

namespace lecter {

/// The access the kubeconfig gives (kubernetes_conf.kubeconfig, else the first existing file of
/// `kubeconfig_env`, else `home`/.kube/config). `kubernetes_conf.ca_file` and `insecure_skip_tls_verify`,
/// when set, win over the kubeconfig's, as kubectl's flags do. A missing or unusable kubeconfig is a
/// problem naming what was tried or what is wrong.
ApiServerAccess accessFromKubeconfig(const KubernetesConfig& config, const std::string& kubeconfig_env,
                                     const std::string& home);

}  // namespace lecter
