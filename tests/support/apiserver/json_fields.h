#pragma once
/// Reading fields of decoded request bodies and stored objects that may have any shape: a missing
/// member, or one of another JSON type, reads as empty instead of throwing, so that the fixture can
/// answer a bad body with the apiserver's Status rather than crash.

#include <string>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// object[key], or null when absent (or when `object` is not an object).
const nlohmann::json& member(const nlohmann::json& object, const char* key);
/// object[key] when it is a string, else "".
std::string stringAt(const nlohmann::json& object, const char* key);
/// object[key] when it is an array, else an empty array.
const nlohmann::json& arrayAt(const nlohmann::json& object, const char* key);
/// object.metadata[key] when it is a string, else "".
std::string metadataString(const nlohmann::json& object, const char* key);
/// The JSON type of `value` as Go's encoding/json names it in an UnmarshalTypeError
/// ("string", "number", "bool", "array", "object").
std::string jsonTypeName(const nlohmann::json& value);

}  // namespace lecter::testing
