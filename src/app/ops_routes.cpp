#include "ops_routes.h"

#include "lecter/obs/status_views.h"

namespace lecter {
namespace {

constexpr int kOk = 200;
constexpr int kServiceUnavailable = 503;
/// The status page reloads itself this often: fresh enough to watch a failover, light on the daemon.
constexpr int kStatusRefreshSeconds = 5;

HttpAnswer checkAnswer(const CheckAnswer& check) {
  return HttpAnswer{check.ok ? kOk : kServiceUnavailable, "text/plain; charset=utf-8", check.reason + "\n"};
}

}  // namespace

std::map<std::string, HttpRoute> opsRoutes(const PrometheusMetrics& metrics, const Liveness& liveness,
                                           const StatusBoard& status) {
  return {
      {"/metrics",
       [&metrics] {
         return HttpAnswer{kOk, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition()};
       }},
      {"/healthz", [&liveness] { return checkAnswer(liveness.healthz()); }},
      {"/readyz", [&liveness] { return checkAnswer(liveness.readyz()); }},
      {"/status",
       [&status] {
         return HttpAnswer{kOk, "text/html; charset=utf-8",
                           statusPage(status.snapshot(), kStatusRefreshSeconds)};
       }},
      {"/status.json",
       [&status] {
         return HttpAnswer{kOk, "application/json", statusJson(status.snapshot())};
       }},
  };
}

}  // namespace lecter
