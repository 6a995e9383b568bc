#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <regex>
#include <string>

#include "lecter/kube/to_yaml.h"

namespace lecter {
namespace {

/// A plain (unquoted) scalar resolved the way the ApiServer's YAML reader does (YAML 1.1 rules, a
/// superset of 1.2's core schema): null, bool, int, float, else string.
nlohmann::json resolvePlain(const std::string& text) {
  static const std::regex kNull("~|null|Null|NULL|");
  static const std::regex kTrue("y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON");
  static const std::regex kFalse("n|N|no|No|NO|false|False|FALSE|off|Off|OFF");
  static const std::regex kInt(
      "[-+]?(0|[1-9][0-9_]*)|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|0o[0-7]+");
  static const std::regex kFloat(
      "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\\.(inf|Inf|"
      "INF)|"
      "\\.(nan|NaN|NAN)");
  if (std::regex_match(text, kNull)) return nullptr;
  if (std::regex_match(text, kTrue)) return true;
  if (std::regex_match(text, kFalse)) return false;
  if (std::regex_match(text, kInt)) return std::stoll(text, nullptr, 0);
  if (std::regex_match(text, kFloat)) return "<float " + text + ">";  // never equal to a string we sent
  return text;
}

/// YAML text back to JSON, with scalar types as a Kubernetes reader would see them.
nlohmann::json readBack(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& item : node) {
        const nlohmann::json key = readBack(item.first);
        // A key that reads as a non-string would reach the server as something else.
        object[key.is_string() ? key.get<std::string>() : "<non-string key " + key.dump() + ">"] =
            readBack(item.second);
      }
      return object;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : node) array.push_back(readBack(item));
      return array;
    }
    case YAML::NodeType::Scalar:
      return node.Tag() == "?" ? resolvePlain(node.Scalar()) : nlohmann::json(node.Scalar());
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
  }
  return nullptr;
}

nlohmann::json roundTrip(const nlohmann::json& object) { return readBack(YAML::Load(toYaml(object))); }

TEST(ToYaml, WritesBlockStyleWithNumberLikeStringsQuoted) {
  const nlohmann::json object = {
      {"apiVersion", "v1"},
      {"kind", "Endpoints"},
      {"metadata", {{"name", "redis"}, {"resourceVersion", "12345"}, {"labels", {{"enabled", "true"}}}}},
      {"subsets",
       {{{"addresses", {{{"ip", "198.18.0.10"}}, {{"ip", "198.18.0.11"}}}},
         {"ports", {{{"name", "redis"}, {"port", 6379}, {"protocol", "TCP"}}}}}}}};

  EXPECT_EQ(toYaml(object),
            "apiVersion: v1\n"
            "kind: Endpoints\n"
            "metadata:\n"
            "  labels:\n"
            "    enabled: \"true\"\n"
            "  name: redis\n"
            "  resourceVersion: \"12345\"\n"
            "subsets:\n"
            "  - addresses:\n"
            "      - ip: \"198.18.0.10\"\n"
            "      - ip: \"198.18.0.11\"\n"
            "    ports:\n"
            "      - name: redis\n"
            "        port: 6379\n"
            "        protocol: TCP\n");
}

TEST(ToYaml, EmptySubsetsStayAnEmptyList) {
  const nlohmann::json object = {{"kind", "Endpoints"}, {"subsets", nlohmann::json::array()}};
  EXPECT_EQ(roundTrip(object), object);
  EXPECT_NE(toYaml(object).find("subsets: []"), std::string::npos) << toYaml(object);
}

TEST(ToYaml, StringsThatLookLikeOtherTypesRoundTripAsStrings) {
  nlohmann::json labels = nlohmann::json::object();
  int n = 0;
  for (const char* tricky :
       {"12345",  "0",      "-1",         "+7",         "1.5",        ".5",    "1e3",
        "0x1F",   "0o17",   "0755",       "1_000",      ".inf",       "-.inf", ".nan",
        "true",   "false",  "True",       "FALSE",      "yes",        "no",    "Yes",
        "on",     "off",    "y",          "n",          "N",          "null",  "Null",
        "~",      "",       "<<",         "198.18.0.1", "::1",        "a: b",  "#not-a-comment",
        "- dash", "it's",   "\"quoted\"", "two\nlines", " padded ",   "héllo", "[1, 2]",
        "{a: 1}", "*alias", "&anchor",    "!tag",       "%directive", "@at",   "`tick",
        "|",      ">",      "?",          ",",          "tab\there"}) {
    labels[std::string(1, 'k').append(std::to_string(n++))] = tricky;  // not "k" + …: GCC 12 -Wrestrict
  }
  const nlohmann::json object = {{"metadata", {{"labels", labels}, {"resourceVersion", "987654321"}}}};

  EXPECT_EQ(roundTrip(object), object) << toYaml(object);
}

TEST(ToYaml, KeysThatLookLikeOtherTypesStayStrings) {
  const nlohmann::json object = {{"123", "a"}, {"true", "b"}, {"null", "c"}, {"", "d"}, {"1.5", "e"}};
  EXPECT_EQ(roundTrip(object), object) << toYaml(object);
}

TEST(ToYaml, NumbersBoolsAndNullsKeepTheirTypes) {
  const nlohmann::json object = {{"port", 6379},
                                 {"negative", -42},
                                 {"big", 9007199254740993ULL},
                                 {"ready", true},
                                 {"serving", false},
                                 {"nothing", nullptr},
                                 {"nested", {{"list", {1, "1", true, "true"}}}}};
  EXPECT_EQ(roundTrip(object), object) << toYaml(object);
}

TEST(ToYaml, EmptyObjectsAndArraysInsideSurvive) {
  const nlohmann::json object = {{"metadata", {{"annotations", nlohmann::json::object()}}},
                                 {"subsets", {{{"addresses", nlohmann::json::array()}}}}};
  EXPECT_EQ(roundTrip(object), object) << toYaml(object);
}

}  // namespace
}  // namespace lecter
