#pragma once
/// A structure-aware mutator for the targets whose input is (or ends with) a JSON document. Byte
/// flips rarely turn "reason":"Expired" into "reason":410, yet a field of the wrong type, a missing
/// one or deep nesting is how a hostile or broken ApiServer answers. Half the time this mutator parses
/// the JSON, changes one node (its type, a member added or removed, thousands of levels of nesting)
/// and writes it back; otherwise, and whenever the text is not JSON, libFuzzer's own mutations run.
///
/// A target uses it by defining
///   extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
///                                                  std::size_t max_size, unsigned int seed) {
///     return lecter::fuzz::mutateJson(data, size, max_size, seed, /*json_offset=*/0);
///   }

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace lecter::fuzz {
namespace json_mutator_internal {

using nlohmann::json;

// Deeper documents are left to byte mutations: walking and writing them back recurses.
constexpr std::size_t kMaxWalkDepth = 256;
constexpr const char* kDeepMarker = "\x01lecter-fuzz-deep\x01";

/// Names Kubernetes objects, Status and watch events carry, for the members this mutator adds.
inline const std::vector<std::string>& memberNames() {
  static const std::vector<std::string> names = {
      "kind",       "apiVersion", "metadata",    "name",    "namespace", "resourceVersion",
      "uid",        "labels",     "annotations", "subsets", "addresses", "notReadyAddresses",
      "ports",      "port",       "ip",          "items",   "endpoints", "addressType",
      "conditions", "ready",      "spec",        "status",  "reason",    "message",
      "code",       "details",    "type",        "object"};
  return names;
}

/// The largest bracket depth of `text`, roughly (brackets inside strings count too).
inline std::size_t bracketDepth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  for (const char c : text) {
    if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  return deepest;
}

inline void collect(json& node, std::size_t depth, std::vector<json*>& nodes) {
  nodes.push_back(&node);
  if (depth >= kMaxWalkDepth || !node.is_structured()) return;
  for (json& child : node) collect(child, depth + 1, nodes);
}

/// A value of some type, often one a Kubernetes field is not meant to have.
inline json someValue(std::mt19937& random) {
  switch (random() % 13) {
    case 0:
      return nullptr;
    case 1:
      return true;
    case 2:
      return 0;
    case 3:
      return 410;
    case 4:
      return -1;
    case 5:
      return 1.5e300;
    case 6:
      return std::uint64_t{18446744073709551615ULL};
    case 7:
      return "";
    case 8:
      return memberNames()[random() % memberNames().size()];
    case 9:
      return json::array();
    case 10:
      return json::object();
    case 11:
      return "two\r\nlines\x1b[0m";  // a log line split, a terminal rewritten
    default:
      return std::string(random() % 64, 'x');
  }
}

/// Changes one node of `document` in place.
inline void mutateOneNode(json& document, std::mt19937& random) {
  std::vector<json*> nodes;
  collect(document, 0, nodes);
  json& node = *nodes[random() % nodes.size()];
  switch (random() % 6) {
    case 0:  // remove a member or an element
      if (node.is_object() && !node.empty()) {
        auto it = node.begin();
        std::advance(it, random() % node.size());
        node.erase(it);
        return;
      }
      if (node.is_array() && !node.empty()) {
        node.erase(random() % node.size());
        return;
      }
      [[fallthrough]];
    case 1:  // add a member Kubernetes uses, of any type
      if (node.is_object()) {
        node[memberNames()[random() % memberNames().size()]] = someValue(random);
        return;
      }
      [[fallthrough]];
    case 2:  // one element more
      if (node.is_array()) {
        json element = node.empty() ? someValue(random) : node[random() % node.size()];
        node.push_back(std::move(element));
        return;
      }
      [[fallthrough]];
    case 3:  // the same value wrapped once
      node = random() % 2 == 0 ? json::array({node}) : json{{"object", node}};
      return;
    case 4:  // deeper than anything real: replaced by text after dump()
      node = kDeepMarker;
      return;
    default:  // another type
      node = someValue(random);
      return;
  }
}

}  // namespace json_mutator_internal

/// Mutates `data` (`size` bytes, room for `max_size`) whose JSON document starts at `json_offset`;
/// the bytes before it are kept. Returns the new size.
inline std::size_t mutateJson(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned int seed,
                              std::size_t json_offset) {
  namespace internal = json_mutator_internal;
  std::mt19937 random(seed);
  if (random() % 2 == 0 || json_offset > size) return LLVMFuzzerMutate(data, size, max_size);
  const std::string_view text(reinterpret_cast<const char*>(data) + json_offset, size - json_offset);
  if (internal::bracketDepth(text) > internal::kMaxWalkDepth) return LLVMFuzzerMutate(data, size, max_size);
  nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return LLVMFuzzerMutate(data, size, max_size);

  internal::mutateOneNode(document, random);
  std::string mutated = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string marker = nlohmann::json(internal::kDeepMarker).dump();
  if (const std::size_t at = mutated.find(marker); at != std::string::npos) {
    const std::size_t rest = json_offset + mutated.size() - marker.size() + 1;
    const std::size_t room = max_size > rest ? max_size - rest : 0;
    const std::size_t levels = std::min<std::size_t>(1 + random() % 40000, room / 2);
    mutated.replace(at, marker.size(), std::string(levels, '[') + "0" + std::string(levels, ']'));
  }
  if (json_offset + mutated.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data + json_offset, mutated.data(), mutated.size());
  return json_offset + mutated.size();
}

}  // namespace lecter::fuzz
