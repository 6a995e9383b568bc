#include "scalar_readers.h"

#include "scalar_text.h"

namespace lecter::config_internal {

std::int64_t readInteger(const YamlValue& value, std::int64_t min, std::int64_t max, std::string_view noun) {
  if (value.isPlainScalar()) {
    if (const auto number = parseDecimalInteger(value.node().Scalar())) {
      if (*number >= min && *number <= max) return *number;
    }
  }
  value.fail("must be " + std::string(noun) + " from " + std::to_string(min) + " to " + std::to_string(max) +
             ", got " + value.describe());
}

std::string readString(const YamlValue& value, bool echo) {
  if (value.isNull()) return {};
  if (value.isScalar()) return value.node().Scalar();
  if (!echo) value.fail("must be a string");
  value.fail("must be a string, got " + value.describe());
}

bool readBool(const YamlValue& value) {
  if (value.isPlainScalar()) {
    if (const auto flag = parseBool(value.node().Scalar())) return *flag;
  }
  value.fail("must be true or false, got " + value.describe());
}

std::string readChoice(const YamlValue& value, const std::vector<std::string_view>& choices) {
  if (value.isScalar()) {
    for (const std::string_view choice : choices) {
      if (value.node().Scalar() == choice) return std::string(choice);
    }
  }
  std::string listed;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) listed += (i + 1 == choices.size()) ? " or " : ", ";
    listed += choices[i];
  }
  value.fail("must be " + listed + ", got " + value.describe());
}

}  // namespace lecter::config_internal
