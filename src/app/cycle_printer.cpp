#include "cycle_printer.h"

#include <chrono>
#include <string>

#include "lecter/kube/to_yaml.h"

namespace lecter {
namespace {

std::string latencyText(long long latency_us) {
  const auto tenths = latency_us / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "ms";
}

void printWrite(std::ostream& out, const KubeCall& call) {
  if (call.verb == KubeVerb::DeleteEndpointSlice) {
    out << "# delete endpointslice " << call.ref.ns << "/" << call.ref.name << "\n";
  } else {
    out << toYaml(call.object) << "\n";
  }
}

}  // namespace

void printCycle(std::ostream& out, const CycleReport& report, const DryRunCalls* dry_run) {
  for (const auto& t : report.targets) {
    out << "probe " << t.service << " " << t.name << " " << TargetId{t.service, t.ip, t.port}.endpoint()
        << " " << (t.probe_kind == "tcp" ? "" : t.probe_kind + " ") << t.last_outcome << " "
        << latencyText(t.latency_us) << " -> " << toString(t.state)
        << (t.last_error.empty() ? "" : " (" + t.last_error + ")") << "\n";
  }
  for (const auto& s : report.services) {
    std::string outcome(toString(s.outcome));
    std::string detail = s.detail;
    if (dry_run != nullptr) {
      for (const auto& write : s.writes) printWrite(out, write);
      if (s.outcome == SyncOutcome::Written) {
        outcome = "would write";
        if (const auto unknown = dry_run->unknownLive(s.ref)) detail = *unknown;
      }
    }
    out << "service " << s.service << " " << s.ref.ns << "/" << s.ref.name << ": " << outcome
        << (detail.empty() ? "" : " (" + detail + ")") << "\n";
  }
}

}  // namespace lecter
