#pragma once
/// What lecter needs to know of each Service whose Endpoints it writes: whether it exists, whether it
/// has a selector (then Kubernetes' endpoints controller owns the Endpoints and lecter leaves them
/// alone), its uid (for Events) and its ports (for the port name; kube-proxy joins Service ports to
/// endpoint ports by name). A Service changes rarely, so it is read at the first cycle and then at
/// most every `refresh`, or at the next cycle after invalidate() (a failed write). Warnings about a
/// Service (missing, has a selector, cannot be read) are logged once each, not every cycle.
/// Not thread-safe: used by the reconciler's thread only.

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/kube/services_api.h"

namespace lecter {

struct ServiceFacts {
  enum class Presence {
    Unknown,  // not read yet, or it could not be read
    Found,
    Missing,  // 404
  };
  Presence presence = Presence::Unknown;
  std::string uid;
  bool has_selector = false;                       // spec.selector holds at least one key
  nlohmann::json ports = nlohmann::json::array();  // spec.ports
};

/// The name of the Service port that endpoints on `port` serve: the first port whose targetPort,
/// then whose port, is `port`; else the only port when there is one; else "". Pure.
std::string servicePortNameFor(const nlohmann::json& service_ports, int port);

class ServiceDirectory {
 public:
  static constexpr std::chrono::minutes kDefaultRefresh{5};

  ServiceDirectory(ServicesApi& kube, const Clock& clock,
                   std::chrono::milliseconds refresh = kDefaultRefresh);

  /// The Service of `service`, read from the ApiServer when due. A failed read keeps what was known.
  const ServiceFacts& facts(const ServiceSpec& service);
  /// Reads the Service again at the next facts() (after a failed write: it may have changed).
  void invalidate(const ServiceSpec& service);

 private:
  struct Entry {
    ServiceFacts facts;
    bool read_once = false;
    SteadyTime next_read{};
    std::string last_warning;  // the last warning logged, so it is not repeated
  };
  void read(const ServiceSpec& service, Entry& entry);
  void warnOnce(Entry& entry, const std::string& text);

  ServicesApi& kube_;
  const Clock& clock_;
  std::chrono::milliseconds refresh_;
  std::map<std::string, Entry> entries_;  // by service key
};

}  // namespace lecter
