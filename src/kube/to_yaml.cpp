#include "lecter/kube/to_yaml.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdint>
#include <limits>
#include <string>

namespace lecter {
namespace {

std::string lowerCased(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// True when a YAML reader could take the plain scalar for something other than a string: a number,
/// a bool or a null under YAML 1.1 or 1.2. The ApiServer reads YAML 1.1 style (yes/no/on/off are
/// bools there), and a resourceVersion "12345" sent plain would arrive as a number and be refused.
bool mayReadAsNonString(const std::string& text) {
  if (text.empty()) return true;
  const std::string lower = lowerCased(text);
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "<<", "="}) {
    if (lower == word) return true;
  }
  // Numbers in any notation (12, -3, +4, .5, 1e3, 0x1f, 0o17, 1_000, 1:20, .inf, .nan) start with one
  // of these; quoting a few strings that did not need it is harmless.
  const char first = text.front();
  return std::isdigit(static_cast<unsigned char>(first)) != 0 || first == '-' || first == '+' || first == '.';
}

void emitString(YAML::Emitter& out, const std::string& text) {
  if (mayReadAsNonString(text)) {
    out << YAML::DoubleQuoted << text;
  } else {
    out << text;
  }
}

void emit(YAML::Emitter& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      // Empty containers in flow style read as `subsets: []` rather than a lone `[]` on the next line.
      if (value.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key;
        emitString(out, key);
        out << YAML::Value;
        emit(out, item);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array:
      if (value.empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : value) emit(out, item);
      out << YAML::EndSeq;
      break;
    case nlohmann::json::value_t::string:
      emitString(out, value.get_ref<const std::string&>());
      break;
    case nlohmann::json::value_t::boolean:
      out << value.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
      out << value.get<std::int64_t>();
      break;
    case nlohmann::json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      break;
    case nlohmann::json::value_t::number_float:
      out << value.get<double>();
      break;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      out << YAML::Null;
      break;
  }
}

}  // namespace

std::string toYaml(const nlohmann::json& object) {
  YAML::Emitter out;
  out.SetDoublePrecision(std::numeric_limits<double>::max_digits10);
  out.SetMapFormat(YAML::Block);
  out.SetSeqFormat(YAML::Block);
  emit(out, object);
  std::string text = out.c_str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

}  // namespace lecter
