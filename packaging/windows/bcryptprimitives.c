/*
 * Stand-in for Windows' bcryptprimitives.dll, used ONLY to run the Windows
 * build under wine in CI.
 *
 * Why: Go >= 1.24 executables draw their randomness from ProcessPrng in
 * bcryptprimitives.dll, which real Windows 10/11 ship but Debian's wine 8
 * does not, so the exe dies at start-up under wine. This DLL provides that
 * one export by delegating to RtlGenRandom (advapi32!SystemFunction036),
 * which wine does implement. It is never shipped to users: real Windows
 * has the genuine DLL.
 */
#include <windows.h>

typedef BOOLEAN(WINAPI *rtl_gen_random_fn)(PVOID, ULONG);

static rtl_gen_random_fn rtl_gen_random;

/* ProcessPrng fills data with cryptographically random bytes. Like the real
 * export it always returns TRUE; on failure it terminates the process rather
 * than hand back predictable bytes. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	if (rtl_gen_random == NULL) {
		HMODULE advapi = LoadLibraryA("advapi32.dll");
		if (advapi != NULL)
			rtl_gen_random = (rtl_gen_random_fn)(void *)GetProcAddress(advapi, "SystemFunction036");
		if (rtl_gen_random == NULL)
			ExitProcess(3);
	}
	while (len > 0) {
		ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!rtl_gen_random(data, chunk))
			ExitProcess(3);
		data += chunk;
		len -= chunk;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
	(void)inst;
	(void)reason;
	(void)reserved;
	return TRUE;
}
