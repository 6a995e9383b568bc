#pragma once
/// An alert: one thing that is wrong now (a target down, a service with nothing healthy, writes
/// failing, the partition guard holding), as Alertmanager models it: labels that identify it, the
/// time it started and, once it is over, the time it ended.

#include <map>
#include <string>

#include "lecter/config/config.h"

namespace lecter {

struct Alert {
  AlertEvent event = AlertEvent::TargetDown;
  std::string service;  // the service key; empty for the partition guard, which is about lecter
  std::string ns;       // the Service object's namespace and name
  std::string name;
  std::string target;   // target_down: iplist[].name
  std::string address;  // target_down: ip:port
  std::string outcome;  // target_down: the last probe's outcome (timeout, refused, …)
  /// What else there is to say: the probe's error, the ApiServer's refusal, how many targets.
  std::string detail;
  long long starts_ms = 0;  // Unix ms
  long long ends_ms = 0;    // Unix ms; 0 while it fires

  [[nodiscard]] bool resolved() const { return ends_ms != 0; }
  /// What tells it from every other alert: event, service and address.
  [[nodiscard]] std::string key() const;
};

/// LecterTargetDown, LecterServiceDown, LecterWritesFailing, LecterPartitionGuard.
std::string_view alertName(AlertEvent event);

/// The labels that identify an alert (alertname, service, namespace, name, target, address,
/// severity), none of them empty.
std::map<std::string, std::string> alertLabels(const Alert& alert);

/// Alertmanager's fingerprint of a label set: FNV-1a 64 over the sorted names and values, each
/// followed by the byte 0xff, in 16 hexadecimal digits.
std::string fingerprint(const std::map<std::string, std::string>& labels);

}  // namespace lecter
