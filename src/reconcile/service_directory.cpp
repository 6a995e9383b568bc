#include "lecter/reconcile/service_directory.h"
#include "lecter/base/json_fields.h"

#include <algorithm>

#include "lecter/obs/log.h"

namespace lecter {
namespace {

using nlohmann::json;

/// After a failed read (not a 404), the next try: soon, but not every cycle.
constexpr std::chrono::seconds kRetryAfterError{30};

constexpr long kForbidden = 403;

std::string portNameOf(const json& port) {
  const auto it = port.find("name");
  return it != port.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool numberIs(const json& port, const char* key, int value) {
  const auto it = port.find(key);
  return it != port.end() && it->is_number_integer() && it->get<long long>() == value;
}

ServiceFacts factsOf(const json& service) {
  ServiceFacts facts;
  facts.presence = ServiceFacts::Presence::Found;
  facts.uid = metadataString(service, "uid");
  const json selector = service.value("/spec/selector"_json_pointer, json());
  facts.has_selector = selector.is_object() && !selector.empty();
  const json ports = service.value("/spec/ports"_json_pointer, json::array());
  if (ports.is_array()) facts.ports = ports;
  return facts;
}

}  // namespace

std::string servicePortNameFor(const json& service_ports, int port) {
  if (!service_ports.is_array()) return {};
  for (const char* key : {"targetPort", "port"}) {
    for (const auto& p : service_ports) {
      if (p.is_object() && numberIs(p, key, port)) return portNameOf(p);
    }
  }
  if (service_ports.size() == 1 && service_ports.front().is_object())
    return portNameOf(service_ports.front());
  return {};
}

ServiceDirectory::ServiceDirectory(ServicesApi& kube, const Clock& clock, std::chrono::milliseconds refresh)
    : kube_(kube), clock_(clock), refresh_(refresh) {}

const ServiceFacts& ServiceDirectory::facts(const ServiceSpec& service) {
  Entry& entry = entries_[service.key];
  if (!entry.read_once || clock_.now() >= entry.next_read) read(service, entry);
  return entry.facts;
}

void ServiceDirectory::invalidate(const ServiceSpec& service) {
  const auto it = entries_.find(service.key);
  if (it != entries_.end()) it->second.next_read = clock_.now();
}

void ServiceDirectory::read(const ServiceSpec& service, Entry& entry) {
  const std::string where = service.ns + "/" + service.name;
  const log::ScopedFields fields{{"service", service.key}};
  const KubeResult result = kube_.getService(ObjectRef{service.ns, service.name});
  entry.read_once = true;
  if (result.ok() || result.notFound()) {
    entry.next_read = clock_.now() + refresh_;
    entry.facts = result.ok() ? factsOf(result.object)
                              : ServiceFacts{ServiceFacts::Presence::Missing, {}, false, json::array()};
  } else {
    // Keep what was known: a Service does not vanish because the ApiServer hiccups.
    entry.next_read = clock_.now() + std::min<std::chrono::milliseconds>(refresh_, kRetryAfterError);
    if (result.http_status == kForbidden) {
      warnOnce(entry, "service " + service.key + ": cannot read Service " + where + " (" + result.describe() +
                          "); grant `get` on services. Going on without it (no port name from the Service)");
    } else {
      log::debug("service {}: reading Service {}: {}", service.key, where, result.describe());
    }
    return;
  }

  if (entry.facts.presence == ServiceFacts::Presence::Missing) {
    warnOnce(entry,
             "service " + service.key + ": there is no Service " + where +
                 "; lecter writes its Endpoints anyway, but nothing reaches them until a Service without "
                 "a selector named " +
                 service.name + " exists in namespace " + service.ns);
  } else if (entry.facts.has_selector) {
    warnOnce(entry,
             "service " + service.key + ": Service " + where +
                 " has a selector, so Kubernetes' endpoints controller owns its Endpoints; lecter leaves "
                 "them alone (remove the selector, or the service from lecter's config)");
  } else if (!entry.last_warning.empty()) {
    log::info("service {}: Service {} is there without a selector; lecter keeps its Endpoints", service.key,
              where);
    entry.last_warning.clear();
  }
}

void ServiceDirectory::warnOnce(Entry& entry, const std::string& text) {
  if (entry.last_warning == text) return;
  log::warn("{}", text);
  entry.last_warning = text;
}

}  // namespace lecter
