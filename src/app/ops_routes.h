#pragma once
// What my_conf.listen serves: /metrics, /healthz and /readyz.

#include <map>
#include <string>

#include "lecter/obs/http_listener.h"
#include "lecter/obs/liveness.h"
#include "lecter/obs/prometheus_metrics.h"

namespace lecter {

/// The routes over `metrics` and `liveness`, which must outlive the listener serving them.
std::map<std::string, HttpRoute> opsRoutes(const PrometheusMetrics& metrics, const Liveness& liveness);

}  // namespace lecter
