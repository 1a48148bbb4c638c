#pragma once

#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/ssm/ssm_model.hpp"
#include "services/ssm/ssm_public_parameters.hpp"

namespace ecsemu::ssm {

// Parameter (GetParameter, GetParameters, GetParametersByPath).
boost::json::object parameter_json(std::string_view region, std::string_view account, const Parameter& parameter,
                                   const ParameterVersion& version, bool decrypt, std::string_view selector = {});
boost::json::object public_parameter_json(std::string_view region, const PublicParameter& parameter,
                                          std::string_view selector = {});
// ParameterMetadata (DescribeParameters).
boost::json::object parameter_metadata_json(std::string_view region, std::string_view account,
                                            const Parameter& parameter);
// ParameterHistory (GetParameterHistory).
boost::json::object parameter_history_json(const Parameter& parameter, const ParameterVersion& version, bool decrypt);
// [{Key, Value}]
boost::json::array tags_json(const Tags& tags);

}  // namespace ecsemu::ssm
