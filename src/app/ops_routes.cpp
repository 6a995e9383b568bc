#include "ops_routes.h"

namespace lecter {
namespace {

constexpr int kOk = 200;
constexpr int kServiceUnavailable = 503;

HttpAnswer checkAnswer(const CheckAnswer& check) {
  return HttpAnswer{check.ok ? kOk : kServiceUnavailable, "text/plain; charset=utf-8", check.reason + "\n"};
}

}  // namespace

std::map<std::string, HttpRoute> opsRoutes(const PrometheusMetrics& metrics, const Liveness& liveness) {
  return {
      {"/metrics",
       [&metrics] {
         return HttpAnswer{kOk, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition()};
       }},
      {"/healthz", [&liveness] { return checkAnswer(liveness.healthz()); }},
      {"/readyz", [&liveness] { return checkAnswer(liveness.readyz()); }},
  };
}

}  // namespace lecter
