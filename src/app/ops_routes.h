#pragma once
// What my_conf.listen serves: /metrics, /healthz, /readyz, /status and /status.json.

#include <map>
#include <string>

#include "lecter/obs/http_listener.h"
#include "lecter/obs/liveness.h"
#include "lecter/obs/prometheus_metrics.h"
#include "lecter/obs/status_board.h"

namespace lecter {

/// The routes over `metrics`, `liveness` and `status`, which must outlive the listener serving them.
std::map<std::string, HttpRoute> opsRoutes(const PrometheusMetrics& metrics, const Liveness& liveness,
                                           const StatusBoard& status);

}  // namespace lecter
