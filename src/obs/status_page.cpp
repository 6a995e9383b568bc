// /status: one self-contained page, readable at a glance. No script and no external asset: the pod
// may have no way out, and the page must work in whatever browser a port-forward reaches.

#include <algorithm>
#include <cstdio>
#include <string>

#include "lecter/base/utc_time.h"
#include "lecter/obs/status_views.h"
#include "status_text.h"

namespace lecter {
namespace {

constexpr int kSparkWidth = 120;
constexpr int kSparkHeight = 24;

/// Text from the config or a probe's error, safe inside an element or a quoted attribute.
std::string escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

/// The latencies of the last cycles as a line, scaled to the largest; a failed probe is a red dot
/// on the floor, so a flapping target shows as gaps.
std::string sparkline(const std::vector<StatusSample>& history) {
  if (history.empty()) return "";
  long long top = 1;
  for (const StatusSample& sample : history) top = std::max(top, sample.latency_us);
  const double step =
      history.size() > 1 ? static_cast<double>(kSparkWidth - 4) / static_cast<double>(history.size() - 1) : 0;
  const auto x = [&](std::size_t i) { return 2 + step * static_cast<double>(i); };
  const auto y = [&](long long latency_us) {
    return kSparkHeight - 2 - static_cast<double>(latency_us) / static_cast<double>(top) * (kSparkHeight - 4);
  };
  std::string points;
  std::string dots;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history[i].up) {
      points += number(x(i)) + "," + number(y(history[i].latency_us)) + " ";
    } else {
      dots += "<circle cx=\"" + number(x(i)) + "\" cy=\"" + number(kSparkHeight - 2) + "\" r=\"2\"/>";
    }
  }
  return "<svg class=\"spark\" width=\"" + std::to_string(kSparkWidth) + "\" height=\"" +
         std::to_string(kSparkHeight) + "\" role=\"img\" aria-label=\"latency of the last " +
         std::to_string(history.size()) + " probes, largest " + escaped(status_text::latency(top)) +
         "\"><polyline points=\"" + points + "\"/>" + dots + "</svg>";
}

std::string serviceRow(const StatusService& service) {
  const std::string state = service.healthy == 0                ? "unhealthy"
                            : service.healthy < service.targets ? "degraded"
                                                                : "healthy";
  return "<tr class=\"" + state + "\"><td>" + escaped(service.service) + "</td><td>" +
         std::to_string(service.healthy) + " / " + std::to_string(service.targets) + "</td><td>" +
         escaped(service.sync) + "</td><td>" + escaped(service.detail) + "</td></tr>\n";
}

std::string targetRow(const StatusTarget& target, long long generated_ms) {
  std::string since;
  if (target.since_ms > 0) {
    since = "<time datetime=\"" + utcTimestamp(target.since_ms) + "\">" + utcTimestamp(target.since_ms) +
            "</time> (" + status_text::age(target.since_ms, generated_ms) + " ago)";
  }
  return "<tr class=\"" + escaped(target.state) + "\"><td>" + escaped(target.service) + "</td><td>" +
         escaped(target.name) + "</td><td>" + escaped(target.address) + "</td><td>" +
         escaped(status_text::probe(target.probe, target.cert_days_left)) + "</td><td class=\"state\">" +
         escaped(target.state) + "</td><td>" + since + "</td><td>" + escaped(target.error) + "</td><td>" +
         escaped(status_text::latency(target.latency_us)) + "</td><td>" + sparkline(target.history) +
         "</td></tr>\n";
}

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#202124}
h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.4em 0 .4em}
p.meta{color:#5f6368;margin:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #dadce0;vertical-align:middle}
th{background:#f1f3f4}
tr.healthy{background:#e6f4ea}tr.unhealthy{background:#fce8e6}tr.pending,tr.degraded{background:#fef7e0}
tr.unhealthy td.state{color:#a50e0e;font-weight:600}tr.healthy td.state{color:#137333}
svg.spark polyline{fill:none;stroke:#1a73e8;stroke-width:1.5}svg.spark circle{fill:#d93025}
)";

}  // namespace

std::string statusPage(const StatusSnapshot& snapshot, int refresh_seconds) {
  std::size_t healthy = 0;
  for (const StatusTarget& target : snapshot.targets) healthy += target.state == "healthy" ? 1 : 0;
  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  page += "<meta http-equiv=\"refresh\" content=\"" + std::to_string(std::max(refresh_seconds, 1)) + "\">";
  page += "<title>lecter: " + std::to_string(healthy) + " of " + std::to_string(snapshot.targets.size()) +
          " targets healthy</title><style>" + std::string(kStyle) + "</style></head><body>\n";
  page += "<h1>lecter status</h1>\n<p class=\"meta\">";
  page += snapshot.generated_ms > 0 ? "cycle ended " + utcTimestamp(snapshot.generated_ms)
                                    : std::string("no cycle has ended yet");
  page += " · " + std::to_string(healthy) + " of " + std::to_string(snapshot.targets.size()) +
          " targets healthy · lecter " + escaped(snapshot.version) + "</p>\n";
  if (snapshot.election)
    page += "<p class=\"meta\" id=\"election\">" + escaped(electionLine(*snapshot.election)) + "</p>\n";
  page +=
      "<h2>Services</h2>\n<table id=\"services\"><thead><tr><th>service</th><th>healthy</th>"
      "<th>last sync</th><th>detail</th></tr></thead><tbody>\n";
  for (const StatusService& service : snapshot.services) page += serviceRow(service);
  page +=
      "</tbody></table>\n<h2>Targets</h2>\n<table id=\"targets\"><thead><tr><th>service</th><th>name</th>"
      "<th>address</th><th>probe</th><th>state</th><th>since</th><th>last error</th><th>latency</th>"
      "<th>last cycles</th></tr></thead><tbody>\n";
  for (const StatusTarget& target : snapshot.targets) page += targetRow(target, snapshot.generated_ms);
  page += "</tbody></table>\n</body></html>\n";
  return page;
}

}  // namespace lecter
