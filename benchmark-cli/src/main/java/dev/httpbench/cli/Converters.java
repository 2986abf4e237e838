package dev.httpbench.cli;

import static dev.httpbench.InvalidConfigException.Problem.escape;

import dev.httpbench.RequestSpec;
import dev.httpbench.Stage;
import dev.httpbench.spi.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option value converters. Each parses one value and, when it cannot, throws a
 * {@link TypeConversionException} whose message is the rule and the value ({@code must be ... but was
 * '...'}, CR and LF escaped), to which {@link Settings} prefixes the flag. Ranges are the library's to
 * check. Stateless.
 */
final class Converters {
    private Converters() {
    }

    private static TypeConversionException broke(String rule, String value) {
        return new TypeConversionException(rule + " but was '" + escape(value) + "'");
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code PT30S}: {@link Durations#parse(String)}. */
    static final class Time implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw broke("must be a duration like 500ms, 30s or 2m", value);
            }
        }
    }

    static final class Int implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Integer.valueOf(value.trim());
            } catch (NumberFormatException e) {
                throw broke("must be an integer", value);
            }
        }
    }

    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.valueOf(value.trim());
            } catch (NumberFormatException e) {
                throw broke("must be an integer", value);
            }
        }
    }

    static final class Number implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double v = Double.parseDouble(value.trim());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw broke("must be a number", value);
        }
    }

    /** A rate in requests/s. */
    static final class Rate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return new Number().convert(value);
            } catch (TypeConversionException e) {
                throw broke("must be a comma list of requests/s like 500,1000", value);
            }
        }
    }

    /** {@code RATE/DURATION} (a hold) or {@code FROM-TO/DURATION} (a linear ramp). */
    static final class StageSpec implements ITypeConverter<Stage> {
        @Override
        public Stage convert(String value) {
            String[] rateAndTime = value.trim().split("/", -1);
            String[] fromTo = rateAndTime[0].split("-", -1);
            try {
                if (rateAndTime.length == 2 && fromTo.length <= 2) {
                    double from = Double.parseDouble(fromTo[0].trim());
                    double to = fromTo.length == 2 ? Double.parseDouble(fromTo[1].trim()) : from;
                    return Stage.ramp(from, to, Durations.parse(rateAndTime[1]));
                }
            } catch (IllegalArgumentException e) {
                // reported below (NumberFormatException is one)
            }
            throw broke("must be a comma list of RATE/DURATION or FROM-TO/DURATION like 0-400/10s,400/20s", value);
        }
    }

    /** {@code Name: value}; the library checks the name and the value. */
    static final class Header implements ITypeConverter<Map.Entry<String, String>> {
        @Override
        public Map.Entry<String, String> convert(String value) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
                throw broke("must be 'Name: value'", value);
            }
            return Map.entry(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
        }
    }

    /** A path and optional query, as it may follow a host in a URL: {@code /items?id=1}. */
    static final class UrlPath implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.startsWith("/") && value.chars().noneMatch(c -> c <= ' ')) {
                try {
                    new URI("http://host" + value);
                    return value;
                } catch (URISyntaxException e) {
                    // reported below
                }
            }
            throw broke("must be a URL path like /items?id=1 (starting with /, characters a URL allows)", value);
        }
    }

    /** A full http or https URL: the positional argument. */
    static final class Url implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            return url(value, true);
        }
    }

    /** A base URL: scheme, host, optional port and path prefix, no query. */
    static final class BaseUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            return url(value, false);
        }
    }

    private static URI url(String value, boolean queryAllowed) {
        // a rejected URL is echoed, so its password never is
        String shown = value.replaceFirst("//([^/@:]*):[^/@]*@", "//$1:" + RequestSpec.REDACTED + "@");
        String rule = "must be an http or https URL with a host" + (queryAllowed ? "" : " and no query")
                + ", like http://127.0.0.1:3000";
        URI u;
        try {
            u = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw broke(rule, shown);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null
                || !queryAllowed && u.getRawQuery() != null || u.getRawFragment() != null) {
            throw broke(rule, shown);
        }
        if (u.getPort() == 0 || u.getPort() > 65_535) {
            throw broke("must have a port between 1 and 65535", shown);
        }
        return u;
    }
}
