// The failure must name the versions and the fix, not surface as a NoSuchMethodError inside JUnit.
def log = new File(basedir, 'build.log').text
assert log.contains("httpbench's @LoadTest needs JUnit Jupiter 5.13 or newer") : 'the version message is missing'
assert log.contains('junit-jupiter-api 5.10.2 and junit-jupiter-engine 5.10.2') : 'the versions found are not named'
assert log.contains('import org.junit:junit-bom') : 'the fix is not named'
assert !log.contains('NoSuchMethodError') : 'JUnit failed before the extension could explain'
return true
