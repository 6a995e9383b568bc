#include "support/apiserver/endpoints_repack.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

namespace lecter::testing {
namespace {

using nlohmann::json;

/// addressKey of RepackSubsets: the same IP on two targets stays two addresses.
using AddressKey = std::pair<std::string, std::string>;  // ip, targetRef.uid

AddressKey keyOf(const json& address) {
  std::string uid;
  if (address.contains("targetRef") && address["targetRef"].is_object())
    uid = address["targetRef"].value("uid", "");
  return {address.value("ip", ""), uid};
}

/// Which addresses serve one port, and whether each is ready there.
using AddressReadiness = std::map<AddressKey, bool>;

void sortAddresses(json& addresses) {
  // LessEndpointAddress compares the IP strings byte-wise, then the targetRef UIDs.
  std::sort(addresses.begin(), addresses.end(),
            [](const json& a, const json& b) { return keyOf(a) < keyOf(b); });
}

void sortPorts(json& ports) {
  std::sort(ports.begin(), ports.end(), [](const json& a, const json& b) {
    return std::make_tuple(a.value("name", ""), a.value("port", 0), a.value("protocol", "")) <
           std::make_tuple(b.value("name", ""), b.value("port", 0), b.value("protocol", ""));
  });
}

const json& listAt(const json& subset, const char* key) {
  static const json kEmpty = json::array();
  return subset.contains(key) && subset[key].is_array() ? subset[key] : kEmpty;
}

}  // namespace

void applyEndpointsDefaults(json& object) {
  if (!object.contains("subsets") || !object["subsets"].is_array()) return;
  for (json& subset : object["subsets"]) {
    if (!subset.contains("ports") || !subset["ports"].is_array()) continue;
    for (json& port : subset["ports"])
      if (port.value("protocol", "").empty()) port["protocol"] = "TCP";
  }
}

json repackSubsets(const json& subsets) {
  std::map<AddressKey, json> all_addresses;  // the first EndpointAddress seen for each key
  // A port's JSON text as key; "" is RepackSubsets' sentinel for subsets without ports.
  std::map<std::string, std::pair<json, AddressReadiness>> by_port;

  auto note = [&](const json& address, const std::string& port_key, const json& port, bool ready) {
    const AddressKey key = keyOf(address);
    all_addresses.emplace(key, address);
    auto& [stored_port, readiness] = by_port[port_key];
    stored_port = port;
    auto [it, inserted] = readiness.emplace(key, ready);
    if (!inserted && it->second) it->second = ready;  // not ready always trumps ready
  };
  for (const json& subset : subsets.is_array() ? subsets : json::array()) {
    json ports = listAt(subset, "ports");
    if (ports.empty()) ports.push_back(nullptr);
    for (const json& port : ports) {
      const std::string port_key = port.is_null() ? "" : port.dump();
      for (const json& address : listAt(subset, "addresses")) note(address, port_key, port, true);
      for (const json& address : listAt(subset, "notReadyAddresses")) note(address, port_key, port, false);
    }
  }

  // Addresses serving the same ports (with the same readiness) share one subset.
  std::map<AddressReadiness, json> ports_by_addresses;
  for (const auto& [port_key, entry] : by_port) {
    json& ports = ports_by_addresses.try_emplace(entry.second, json::array()).first->second;
    if (!entry.first.is_null()) ports.push_back(entry.first);
  }

  json repacked = json::array();
  for (auto& [readiness, ports] : ports_by_addresses) {
    json subset = json::object();
    json ready = json::array();
    json not_ready = json::array();
    for (const auto& [key, is_ready] : readiness)
      (is_ready ? ready : not_ready).push_back(all_addresses[key]);
    sortAddresses(ready);
    sortAddresses(not_ready);
    sortPorts(ports);
    // Go's omitempty: empty lists are left out.
    if (!ready.empty()) subset["addresses"] = ready;
    if (!not_ready.empty()) subset["notReadyAddresses"] = not_ready;
    if (!ports.empty()) subset["ports"] = ports;
    repacked.push_back(subset);
  }
  std::sort(repacked.begin(), repacked.end(),
            [](const json& a, const json& b) { return a.dump() < b.dump(); });
  return repacked;
}

}  // namespace lecter::testing
