<?php

declare(strict_types=1);

namespace CodeIgniter\Validation;

use Config\Database;
use DateTime;

/**
 * The validation rules the app uses, with CI4's names, parameters and English messages.
 * Each rule gets (value, parameter, all data) and returns whether the value passes.
 */
class Rules
{
    public const MESSAGES = [
        'required' => 'The {field} field is required.',
        'max_length' => 'The {field} field cannot exceed {param} characters in length.',
        'min_length' => 'The {field} field must be at least {param} characters in length.',
        'exact_length' => 'The {field} field must be exactly {param} characters in length.',
        'valid_email' => 'The {field} field must contain a valid email address.',
        'in_list' => 'The {field} field must be one of: {param}.',
        'integer' => 'The {field} field must contain an integer.',
        'numeric' => 'The {field} field must contain only numbers.',
        'decimal' => 'The {field} field must contain a decimal number.',
        'is_natural' => 'The {field} field must only contain digits.',
        'is_natural_no_zero' => 'The {field} field must only contain digits and must be greater than zero.',
        'valid_date' => 'The {field} field must contain a valid date.',
        'alpha' => 'The {field} field may only contain alphabetical characters.',
        'alpha_space' => 'The {field} field may only contain alphabetical characters and spaces.',
        'alpha_numeric' => 'The {field} field may only contain alphanumeric characters.',
        'alpha_numeric_space' => 'The {field} field may only contain alphanumeric and space characters.',
        'regex_match' => 'The {field} field is not in the correct format.',
        'is_unique' => 'The {field} field must contain a unique value.',
        'is_not_unique' => 'The {field} field may only contain a previously existing value in the database.',
        'greater_than' => 'The {field} field must contain a number greater than {param}.',
        'greater_than_equal_to' => 'The {field} field must contain a number greater than or equal to {param}.',
        'less_than' => 'The {field} field must contain a number less than {param}.',
        'less_than_equal_to' => 'The {field} field must contain a number less than or equal to {param}.',
    ];

    public function required(mixed $value = null): bool
    {
        return is_array($value) ? $value !== [] : trim((string) $value) !== '';
    }

    public function max_length(mixed $value, ?string $param): bool
    {
        return is_scalar($value) || $value === null ? mb_strlen((string) $value) <= (int) $param : false;
    }

    public function min_length(mixed $value, ?string $param): bool
    {
        return is_scalar($value) || $value === null ? mb_strlen((string) $value) >= (int) $param : false;
    }

    public function exact_length(mixed $value, ?string $param): bool
    {
        return is_scalar($value) && mb_strlen((string) $value) === (int) $param;
    }

    public function valid_email(mixed $value): bool
    {
        return is_string($value) && filter_var($value, FILTER_VALIDATE_EMAIL) !== false;
    }

    public function in_list(mixed $value, ?string $param): bool
    {
        return is_scalar($value) && in_array((string) $value, array_map('trim', explode(',', (string) $param)), true);
    }

    public function integer(mixed $value): bool
    {
        return is_int($value) || (is_string($value) && preg_match('/^[\-+]?\d+$/', $value) === 1);
    }

    public function numeric(mixed $value): bool
    {
        return (is_int($value) || is_float($value) || is_string($value))
            && preg_match('/^[\-+]?\d*\.?\d+$/', (string) $value) === 1;
    }

    public function decimal(mixed $value): bool
    {
        return (is_int($value) || is_float($value) || is_string($value))
            && preg_match('/^[\-+]?\d{0,}\.?\d+$/', (string) $value) === 1;
    }

    public function is_natural(mixed $value): bool
    {
        return (is_int($value) || is_string($value)) && ctype_digit((string) $value);
    }

    public function is_natural_no_zero(mixed $value): bool
    {
        return $this->is_natural($value) && (int) $value > 0;
    }

    public function valid_date(mixed $value, ?string $format = null): bool
    {
        if (! is_string($value) || $value === '') {
            return false;
        }
        if ($format === null || $format === '') {
            return strtotime($value) !== false;
        }
        $date = DateTime::createFromFormat('!' . $format, $value);
        return $date !== false && $date->format($format) === $value;
    }

    public function alpha(mixed $value): bool
    {
        return is_string($value) && ctype_alpha($value);
    }

    public function alpha_space(mixed $value): bool
    {
        return is_string($value) && preg_match('/^[A-Z ]+$/i', $value) === 1;
    }

    public function alpha_numeric(mixed $value): bool
    {
        return is_scalar($value) && ctype_alnum((string) $value);
    }

    public function alpha_numeric_space(mixed $value): bool
    {
        return is_scalar($value) && preg_match('/^[A-Z0-9 ]+$/i', (string) $value) === 1;
    }

    public function regex_match(mixed $value, ?string $pattern): bool
    {
        return is_scalar($value) && preg_match((string) $pattern, (string) $value) === 1;
    }

    public function greater_than(mixed $value, ?string $param): bool
    {
        return is_numeric($value) && $value > (float) $param;
    }

    public function greater_than_equal_to(mixed $value, ?string $param): bool
    {
        return is_numeric($value) && $value >= (float) $param;
    }

    public function less_than(mixed $value, ?string $param): bool
    {
        return is_numeric($value) && $value < (float) $param;
    }

    public function less_than_equal_to(mixed $value, ?string $param): bool
    {
        return is_numeric($value) && $value <= (float) $param;
    }

    /** is_unique[table.field,ignore_field,ignore_value] */
    public function is_unique(mixed $value, ?string $param): bool
    {
        return $this->countMatches($value, (string) $param, '!=') === 0;
    }

    /** is_not_unique[table.field,where_field,where_value] */
    public function is_not_unique(mixed $value, ?string $param): bool
    {
        return $this->countMatches($value, (string) $param, '=') > 0;
    }

    private function countMatches(mixed $value, string $param, string $operator): int
    {
        $args = array_map('trim', explode(',', $param));
        [$table, $field] = explode('.', $args[0], 2) + [1 => 'id'];
        $db = Database::connect();
        $sql = 'SELECT COUNT(*) AS n FROM ' . $db->escapeIdentifiers($db->DBPrefix . $table)
            . ' WHERE ' . $db->escapeIdentifiers($field) . ' = ?';
        $binds = [is_scalar($value) ? (string) $value : ''];
        if (isset($args[1], $args[2]) && $args[1] !== '' && ! preg_match('/^\{\w+\}$/', $args[2])) {
            $sql .= ' AND ' . $db->escapeIdentifiers($args[1]) . " {$operator} ?";
            $binds[] = $args[2];
        }
        return (int) ($db->query($sql, $binds)->getRowArray()['n'] ?? 0);
    }
}
